package com.bramblefield.stock

import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.http.HttpStatusCode
import io.ktor.server.testing.testApplication
import kotlin.test.Test
import kotlin.test.assertEquals

class StockRoutesTest {
    private val testSecret = "test-secret-for-jwt-only"

    @Test
    fun `unknown sku is 404`() = testApplication {
        environment { config = testConfig(jwtSecret = testSecret) }
        val response = client.get("/stock/NOPE") { header("Authorization", "Bearer ${testToken(testSecret)}") }
        assertEquals(HttpStatusCode.NotFound, response.status)
    }

    @Test
    fun `missing token is 401`() = testApplication {
        environment { config = testConfig(jwtSecret = testSecret) }
        assertEquals(HttpStatusCode.Unauthorized, client.get("/stock/ANY").status)
    }
}
