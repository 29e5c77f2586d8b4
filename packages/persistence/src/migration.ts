/** One schema change: applied once, in order, inside a transaction. Never edit one that has shipped. */
export interface Migration {
  /** Sortable and unique: `NNNN-what-it-does`. */
  name: string;
  sql: string;
}
