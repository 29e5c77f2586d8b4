<?php

namespace App\Support;

use Psr\Log\AbstractLogger;

/** PSR-3 logger writing JSON lines to stdout (php-fpm's catch_workers_output forwards them). */
final class StdoutLogger extends AbstractLogger
{
    public function log($level, string|\Stringable $message, array $context = []): void
    {
        echo json_encode(['level' => $level, 'message' => (string) $message, 'context' => $context]), PHP_EOL;
        if ($level === 'debug' && getenv('LOG_DUMP')) {
            var_dump($context);
        }
    }
}
