<?php

use App\Models\User;

class ThreadTest extends TestCase
{
    public function test_member_can_post(): void
    {
        $user = User::factory()->create(['password' => bcrypt('secret-for-tests')]);
        $this->actingAs($user)->post('/threads', ['title' => 'Hello', 'body' => 'First!', 'board_id' => 1])
            ->seeStatusCode(201);
    }
}
