#!/usr/bin/env node
// Seeds the local database with sample recipes: npx seed-recipes --count 50
const { program } = require('commander');
const { seed } = require('../scripts/seed');

program.option('-c, --count <n>', 'how many recipes', '20').parse();

seed(Number(program.opts().count)).then((n) => {
  console.log(`seeded ${n} recipes`);
  console.table([{ recipes: n }]);
});
