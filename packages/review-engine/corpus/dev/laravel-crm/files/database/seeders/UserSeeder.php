<?php

namespace Database\Seeders;

use App\Models\User;
use Illuminate\Database\Seeder;
use Illuminate\Support\Facades\Hash;

/** Local development users (php artisan db:seed). Never run in production. */
class UserSeeder extends Seeder
{
    public function run(): void
    {
        User::factory()->create([
            'name' => 'Local Admin',
            'email' => 'admin@crm.test',
            'password' => Hash::make('password'),
            'is_admin' => true,
        ]);

        User::factory()->count(10)->create();
    }
}
