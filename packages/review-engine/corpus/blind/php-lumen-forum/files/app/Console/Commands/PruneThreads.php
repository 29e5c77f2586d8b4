<?php

namespace App\Console\Commands;

use App\Models\Thread;
use Illuminate\Console\Command;

class PruneThreads extends Command
{
    protected $signature = 'threads:prune {--days=365}';
    protected $description = 'Delete threads without replies older than N days';

    public function handle(): int
    {
        $count = Thread::doesntHave('replies')->where('created_at', '<', now()->subDays((int) $this->option('days')))->delete();
        $this->info("Pruned {$count} threads");
        echo "done\n";
        return self::SUCCESS;
    }
}
