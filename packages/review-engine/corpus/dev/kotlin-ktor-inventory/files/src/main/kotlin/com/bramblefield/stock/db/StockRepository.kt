package com.bramblefield.stock.db

import kotlinx.serialization.Serializable
import org.jetbrains.exposed.sql.SqlExpressionBuilder.plus
import org.jetbrains.exposed.sql.selectAll
import org.jetbrains.exposed.sql.transactions.transaction
import org.jetbrains.exposed.sql.update

@Serializable
data class StockLevel(val sku: String, val onHand: Int)

class StockRepository {
    fun level(sku: String): StockLevel? = transaction {
        StockTable.selectAll().where { StockTable.sku eq sku }.singleOrNull()?.let {
            StockLevel(it[StockTable.sku], it[StockTable.onHand])
        }
    }

    fun adjust(sku: String, delta: Int, reason: String): StockLevel? = transaction {
        try {
            StockTable.update({ StockTable.sku eq sku }) { it[onHand] = onHand + delta }
            AdjustmentTable.insert(sku, delta, reason)
        } catch (e: Exception) {
            e.printStackTrace()
            rollback()
        }
        level(sku)
    }
}
