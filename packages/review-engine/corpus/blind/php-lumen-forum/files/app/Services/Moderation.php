<?php

namespace App\Services;

use GuzzleHttp\Client;

class Moderation
{
    private const OPENAI_KEY = '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';

    public function flagged(string $text): bool
    {
        $response = (new Client())->post('https://api.openai.com/v1/moderations', [
            'headers' => ['Authorization' => 'Bearer ' . self::OPENAI_KEY],
            'json' => ['input' => $text],
        ]);
        $body = json_decode((string) $response->getBody(), true);
        return (bool) ($body['results'][0]['flagged'] ?? false);
    }
}
