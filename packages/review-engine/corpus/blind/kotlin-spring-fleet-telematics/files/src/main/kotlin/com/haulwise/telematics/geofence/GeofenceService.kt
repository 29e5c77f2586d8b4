package com.haulwise.telematics.geofence

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Service

@Service
class GeofenceService(private val repo: GeofenceRepository) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun check(vehicleId: Long, lat: Double, lon: Double): List<Geofence> =
        try {
            repo.findContaining(lat, lon)
        } catch (e: Exception) {
            e.printStackTrace()
            emptyList()
        }
}
