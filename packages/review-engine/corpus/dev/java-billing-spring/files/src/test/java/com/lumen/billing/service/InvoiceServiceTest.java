package com.lumen.billing.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

@SpringBootTest
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:billing;MODE=MSSQLServer",
        "spring.datasource.username=sa",
        "spring.datasource.password=test",
        "twilio.auth-token=test-token",
})
class InvoiceServiceTest {
    private static final String TEST_PASSWORD = "correct-horse-battery-staple";

    @Autowired
    InvoiceService service;

    @Test
    void issuesAnInvoiceWithTheSumOfItsLines() {
        Invoice invoice = service.issue(42L, List.of(
                new LineItem("Hosting", new BigDecimal("19.90")),
                new LineItem("Support", new BigDecimal("30.10"))), 14);
        assertThat(invoice.getTotal()).isEqualByComparingTo("50.00");
        assertThat(TEST_PASSWORD).isNotBlank();
    }
}
