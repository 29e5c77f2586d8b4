package io.tramline.rides

import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

class LoginValidatorTest {
    private val validator = LoginValidator(minPasswordLength = 10)

    @Test
    fun acceptsALongPassword() {
        assertTrue(validator.isValid(email = "rider@example.com", password = "test-password-123"))
    }

    @Test
    fun rejectsAShortPassword() {
        assertFalse(validator.isValid(email = "rider@example.com", password = "short"))
    }

    @Test
    fun rejectsAMissingEmail() {
        assertFalse(validator.isValid(email = "", password = "another-test-password"))
    }
}
