package com.lumen.billing.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * One-off command-line tool: copies invoices from the legacy schema.
 * Usage: java -cp billing.jar com.lumen.billing.tools.MigrateInvoices JDBC_URL [--dry-run]
 * The JDBC URL (with credentials) is passed on the command line by the operator.
 */
public final class MigrateInvoices {
    private MigrateInvoices() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: MigrateInvoices JDBC_URL [--dry-run]");
            System.exit(2);
        }
        boolean dryRun = args.length > 1 && "--dry-run".equals(args[1]);
        int copied = 0;
        try (Connection conn = DriverManager.getConnection(args[0]);
             PreparedStatement select = conn.prepareStatement("SELECT id, customer_id, total FROM legacy.invoices");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                if (!dryRun) {
                    try (PreparedStatement insert = conn.prepareStatement(
                            "INSERT INTO dbo.invoices (legacy_id, customer_id, total) VALUES (?, ?, ?)")) {
                        insert.setLong(1, rows.getLong(1));
                        insert.setLong(2, rows.getLong(2));
                        insert.setBigDecimal(3, rows.getBigDecimal(3));
                        insert.executeUpdate();
                    }
                }
                copied++;
                if (copied % 1000 == 0) {
                    System.out.println("copied " + copied + " invoices");
                }
            }
        }
        System.out.println((dryRun ? "would copy " : "copied ") + copied + " invoices");
    }
}
