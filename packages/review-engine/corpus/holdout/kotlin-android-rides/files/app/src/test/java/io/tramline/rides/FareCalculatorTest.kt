package io.tramline.rides

import org.junit.Assert.assertEquals
import org.junit.Test

class FareCalculatorTest {
    private val calculator = FareCalculator(baseFareCents = 190, perZoneCents = 60)

    @Test
    fun singleZone() {
        assertEquals(190, calculator.fare(zones = 1, reduced = false))
    }

<<<<<<< HEAD
    @Test
    fun reducedFareIsHalf() {
        assertEquals(95, calculator.fare(zones = 1, reduced = true))
    }
=======
    @Test
    fun reducedFareIsHalfRoundedUp() {
        assertEquals(95, calculator.fare(zones = 1, reduced = true))
        assertEquals(155, calculator.fare(zones = 3, reduced = true))
    }
>>>>>>> fares/rounding
}
