<?php

namespace App\Services;

use App\Models\Contact;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Log;
use League\Csv\Reader;

class LeadImporter
{
    public function import(string $path): int
    {
        $csv = Reader::createFromPath($path);
        $csv->setHeaderOffset(0);
        $count = 0;

        DB::transaction(function () use ($csv, &$count) {
            foreach ($csv->getRecords() as $row) {
                print_r($row);
                if (empty($row['email'])) {
                    Log::warning('lead without email skipped', ['row' => $count + 1]);
                    continue;
                }
                Contact::updateOrCreate(
                    ['email' => strtolower(trim($row['email']))],
                    ['first_name' => $row['first_name'] ?? '', 'last_name' => $row['last_name'] ?? '', 'source' => 'csv'],
                );
                $count++;
            }
        });

        Log::info('leads imported', ['count' => $count]);

        return $count;
    }
}
