package com.haulwise.telematics.trips

import org.springframework.web.bind.annotation.*

@RestController
@RequestMapping("/api/trips")
class TripController(private val trips: TripService) {

    @PostMapping
    fun start(@RequestBody req: StartTripRequest): TripDto {
        println("start trip request=$req")
        return trips.start(req.vehicleId, req.driverId)
    }

    @GetMapping("/{id}")
    fun get(@PathVariable id: Long): TripDto = trips.find(id)
}
