// Invoice service: ordinary application code with no marked lines (false-positive check).
package com.example.shop.billing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

interface InvoiceRepository extends JpaRepository<Invoice, Long> {
    @Query("SELECT i FROM Invoice i WHERE i.customerId = :customerId AND i.dueDate < :date")
    List<Invoice> findOverdue(@Param("customerId") long customerId, @Param("date") LocalDate date);

    Optional<Invoice> findByNumber(String number);
}

@Service
public class InvoiceService {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceService.class);
    private static final String INSERT_AUDIT = "INSERT INTO invoice_audit (invoice_id, action) VALUES (?, ?)";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InvoiceRepository invoices;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public InvoiceService(InvoiceRepository invoices, JdbcTemplate jdbc, Clock clock) {
        this.invoices = invoices;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Invoice> overdue(long customerId) {
        List<Invoice> result = invoices.findOverdue(customerId, LocalDate.now(clock));
        LOG.debug("Selected {} overdue invoices from the ledger for customer {}", result.size(), customerId);
        return result;
    }

    @Transactional
    public Invoice markPaid(String number, BigDecimal amount) {
        Invoice invoice = invoices.findByNumber(number)
            .orElseThrow(() -> new IllegalArgumentException("no invoice " + number));
        if (invoice.getTotal().compareTo(amount) != 0) {
            throw new IllegalStateException("amount " + amount + " does not match total " + invoice.getTotal());
        }
        invoice.setStatus(InvoiceStatus.PAID);
        jdbc.update(INSERT_AUDIT, invoice.getId(), "paid");
        return invoices.save(invoice);
    }

    public int countByStatus(InvoiceStatus status) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM invoices WHERE status = ?", Integer.class, status.name());
        return n == null ? 0 : n;
    }

    public String newPaymentReference() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static String contentHash(Path pdf) throws java.io.IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(pdf)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    public Path archive(Invoice invoice, Path archiveRoot) throws java.io.IOException {
        Path dir = archiveRoot.resolve(String.valueOf(invoice.getIssueDate().getYear()));
        Files.createDirectories(dir);
        Path target = dir.resolve(invoice.getNumber().replaceAll("[^A-Za-z0-9-]", "_") + ".pdf").normalize();
        if (!target.startsWith(archiveRoot)) {
            throw new IllegalArgumentException("invoice number escapes the archive: " + invoice.getNumber());
        }
        Files.write(target, invoice.getPdf());
        return target;
    }

    public String summary(Invoice invoice) {
        StringBuilder sb = new StringBuilder();
        sb.append("Invoice ").append(invoice.getNumber())
          .append(" for ").append(invoice.getCustomerName())
          .append(": ").append(invoice.getTotal()).append(' ').append(invoice.getCurrency());
        return new String(sb.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
