package com.haulwise.telematics.trips

import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.security.test.context.support.WithMockUser

@SpringBootTest(properties = ["spring.datasource.password=test", "spring.security.user.password=dispatcher-test-pw"])
class TripControllerTest(@Autowired val controller: TripController) {
    private val testPassword = "not-a-real-password-1"

    @Test
    @WithMockUser(username = "dispatcher", password = "dispatcher-test-pw")
    fun `starts a trip`() {
        val dto = controller.start(StartTripRequest(vehicleId = 7, driverId = 12))
        assert(dto.vehicleId == 7L)
    }
}
