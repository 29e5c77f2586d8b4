package com.bramblefield.stock.routes

import com.bramblefield.stock.db.StockRepository
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.call
import io.ktor.server.auth.authenticate
import io.ktor.server.request.receive
import io.ktor.server.response.respond
import io.ktor.server.routing.Route
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.route
import kotlinx.serialization.Serializable

@Serializable
data class Adjustment(val sku: String, val delta: Int, val reason: String)

fun Route.stockRoutes(repository: StockRepository) {
    authenticate("auth-jwt") {
        route("/stock") {
            get("/{sku}") {
                val sku = call.parameters["sku"] ?: return@get call.respond(HttpStatusCode.BadRequest)
                val level = repository.level(sku) ?: return@get call.respond(HttpStatusCode.NotFound)
                call.respond(level)
            }
            post("/adjust") {
                val adjustment = call.receive<Adjustment>()
                println("adjusting $adjustment")
                val updated = repository.adjust(adjustment.sku, adjustment.delta, adjustment.reason)
                call.respond(HttpStatusCode.OK, updated)
            }
        }
    }
}
