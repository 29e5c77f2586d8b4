package com.haulwise.telematics.fuel

import org.springframework.web.client.RestClient

class FuelCardClient {
    private val http = RestClient.builder()
        .baseUrl("https://api.fuelcards.partner.example/v1")
        .defaultHeader("Authorization", "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJoYXVsd2lzZSIsImZsZWV0IjoiSFctMDE5MiIsInNjb3BlIjoidHJhbnNhY3Rpb25zOnJlYWQiLCJpYXQiOjE3MTk3OTIwMDB9.0GBmkECDgdC9SbrLBM-nYDCF8G8YkgG4AeTmXyKtdiwzEc3s0xEpklYb-BWW4xRHs6-E2hEH2jIU84oImsQUjPHDRc-0pWTJGQpPouUogXi64DVQmuegk_lOJYZJPwkETWJf_m9EIhcO8olLa-PRcAy7GX8Hc5R_IIFmTPBfCsmkC4xFhJPNmEjRoDHIxdbl5o_In36amJbd3_G_C012KA1BXKRaUgRiyaNmbej1fPl5yFSKbBNZtQ8rLwKLXHhnjXO5Dk6mS940MT3nLF8MbCT2wSlnfq_MBcnTk88CB9Q766xZI959lWuFILGBGVbqesKsZtOxgnHPe0B5rqT2_w")
        .build()

    fun transactions(cardId: String): String =
        http.get().uri("/cards/{id}/transactions", cardId).retrieve().body(String::class.java) ?: ""
}
