package com.lumen.billing.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;
import com.lumen.billing.service.Invoice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
public class PdfRenderer {
    private static final Logger log = LoggerFactory.getLogger(PdfRenderer.class);

    public byte[] render(Invoice invoice) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document();
        try {
            PdfWriter.getInstance(document, out);
            document.open();
            document.add(new Paragraph("Invoice " + invoice.getId()));
            document.add(new Paragraph("Due " + invoice.getDueDate()));
            invoice.getItems().forEach(item -> document.add(new Paragraph(item.description() + "  " + item.amount())));
            document.add(new Paragraph("Total " + invoice.getTotal()));
        } catch (DocumentException e) {
            log.error("could not render invoice {}", invoice.getId(), e);
            throw new IOException(e);
        } finally {
            document.close();
        }
        return out.toByteArray();
    }
}
