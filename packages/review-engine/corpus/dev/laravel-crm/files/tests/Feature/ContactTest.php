<?php

namespace Tests\Feature;

use App\Models\Contact;
use App\Models\User;
use Illuminate\Foundation\Testing\RefreshDatabase;
use Tests\TestCase;

class ContactTest extends TestCase
{
    use RefreshDatabase;

    private function actingAsAgent(): static
    {
        $user = User::factory()->create(['password' => bcrypt('password')]);

        return $this->actingAs($user);
    }

    public function test_an_agent_sees_a_contact(): void
    {
        $contact = Contact::factory()->create(['first_name' => 'Ada']);

        $this->actingAsAgent()->get(route('contacts.show', $contact))->assertOk()->assertSee('Ada');
    }

    public function test_login_rejects_a_wrong_password(): void
    {
        User::factory()->create(['email' => 'agent@example.com', 'password' => bcrypt('secret-for-tests')]);

        $this->post('/login', ['email' => 'agent@example.com', 'password' => 'wrong-password'])
            ->assertSessionHasErrors('email');
    }
}
