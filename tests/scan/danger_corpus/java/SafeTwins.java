// Safe twins of constructs that noisy rules used to flag (issue 12): nothing here
// should be reported. Credentials come from the environment or system properties.
package com.example.shop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

public final class SafeTwins {
    private static final String DB_URL = System.getenv("DB_URL");
    private final String dbPassword = System.getenv("DB_PASSWORD");
    private final String adminPassword = System.getProperty("shop.admin.password");

    public Connection open() throws SQLException {
        return DriverManager.getConnection(DB_URL, System.getenv("DB_USER"), dbPassword);
    }

    public boolean isAdmin(String password) {
        return adminPassword != null && adminPassword.equals(password);
    }
}
