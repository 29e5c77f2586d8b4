package com.haulwise.telematics.audit

import java.io.PrintStream
import java.time.Instant

/** Append-only audit trail written to stdout and picked up by the container's log driver. */
class AuditLog(private val out: PrintStream = System.out) {
    fun record(actor: String, action: String, target: String) {
        out.println("${Instant.now()} audit actor=$actor action=$action target=$target")
    }

    fun failure(actor: String, action: String, error: Throwable) {
        System.err.println("${Instant.now()} audit-failure actor=$actor action=$action error=${error.message}")
    }
}
