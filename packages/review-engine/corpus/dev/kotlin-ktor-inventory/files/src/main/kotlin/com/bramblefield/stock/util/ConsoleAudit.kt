package com.bramblefield.stock.util

import java.time.Instant

/**
 * The audit sink for the single-node deployment: one line per stock change on stdout, collected by journald.
 * Printing is this class's purpose.
 */
object ConsoleAudit {
    fun record(actor: String, sku: String, delta: Int) {
        println("${Instant.now()} audit actor=$actor sku=$sku delta=$delta")
    }
}
