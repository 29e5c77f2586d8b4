<?php

namespace App\Console\Commands;

use App\Services\HubspotSync;
use Illuminate\Console\Command;

class SyncLeads extends Command
{
    protected $signature = 'crm:sync-leads {--since= : ISO date, default: last run} {--dry-run}';

    protected $description = 'Pull new leads from HubSpot and print what changed';

    public function handle(HubspotSync $sync): int
    {
        $since = $this->option('since');
        $changes = $sync->pull($since, dryRun: (bool) $this->option('dry-run'));

        $this->info(sprintf('%d leads created, %d updated', $changes->created, $changes->updated));
        foreach ($changes->rows as $row) {
            echo sprintf("%-8s %-40s %s\n", $row['action'], $row['email'], $row['owner'] ?? '-');
        }
        $this->table(['Owner', 'Leads'], $changes->perOwner());

        return self::SUCCESS;
    }
}
