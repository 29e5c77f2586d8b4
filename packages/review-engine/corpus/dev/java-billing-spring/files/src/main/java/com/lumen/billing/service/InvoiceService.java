package com.lumen.billing.service;

import com.lumen.billing.pdf.PdfRenderer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class InvoiceService {
    private static final Logger log = LoggerFactory.getLogger(InvoiceService.class);

    private final InvoiceRepository invoices;
    private final PdfRenderer renderer;
    private final ArchiveClient archive;

    public InvoiceService(InvoiceRepository invoices, PdfRenderer renderer, ArchiveClient archive) {
        this.invoices = invoices;
        this.renderer = renderer;
        this.archive = archive;
    }

    @Transactional
    public Invoice issue(long customerId, List<LineItem> items, int dueDays) {
        BigDecimal total = items.stream().map(LineItem::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        Invoice invoice = invoices.save(new Invoice(customerId, items, total, LocalDate.now().plusDays(dueDays)));
        System.out.println("issued invoice " + invoice.getId() + " total=" + total);
        try {
            byte[] pdf = renderer.render(invoice);
            archive.upload("invoice-" + invoice.getId() + ".pdf", pdf);
        } catch (IOException e) {
            e.printStackTrace();
        }
        return invoice;
    }

    public List<Invoice> overdue(LocalDate today) {
        List<Invoice> result = invoices.findByDueDateBeforeAndPaidFalse(today);
        log.info("{} overdue invoices on {}", result.size(), today);
        return result;
    }
}
