package com.haulwise.telematics.maps

import org.springframework.web.client.RestClient

class RoutingClient(private val http: RestClient = RestClient.create()) {
    private val apiKey = "AIza0JMOcgYYjl2fJpEpSaS_RIjyi73bN6gTpKq"

    fun eta(from: String, to: String): String =
        http.get()
            .uri("https://maps.googleapis.com/maps/api/distancematrix/json?origins={o}&destinations={d}&key={k}", from, to, apiKey)
            .retrieve()
            .body(String::class.java) ?: ""
}
