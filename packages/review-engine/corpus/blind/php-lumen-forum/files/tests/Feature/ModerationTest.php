<?php

use App\Services\Moderation;

class ModerationTest extends TestCase
{
    public function test_clean_text_is_not_flagged(): void
    {
        $moderation = $this->app->make(Moderation::class);
        xdebug_break();
        $this->assertFalse($moderation->flagged('Welcome to the board!'));
    }
}
