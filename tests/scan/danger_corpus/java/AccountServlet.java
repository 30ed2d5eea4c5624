package com.example.shop.web;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.ServletException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

public class AccountServlet extends HttpServlet {
    private static final String DB_URL = "jdbc:mysql://localhost:3306/shop";

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(DB_URL, "shop", "{{rand:10:A-Za-z0-9}}"); // hookagent-expect: CWE-798
    }

    private Connection connectFromEnv() throws SQLException {
        return DriverManager.getConnection(DB_URL, System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String user = request.getParameter("user");
        try (Connection conn = connect(); Statement stmt = conn.createStatement()) {
            ResultSet rs = stmt.executeQuery("SELECT id, email FROM accounts WHERE name = '" + user + "'"); // hookagent-expect: CWE-89
            PrintWriter out = response.getWriter();
            while (rs.next()) {
                out.println(rs.getString("email"));
            }
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }

    protected void lookupSafe(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        try (Connection conn = connect();
             PreparedStatement ps = conn.prepareStatement("SELECT id, email FROM accounts WHERE name = ?")) {
            ps.setString(1, request.getParameter("user"));
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                response.getWriter().println(rs.getString("email"));
            }
        }
    }

    protected void updateStatus(HttpServletRequest request) throws SQLException {
        String status = request.getParameter("status");
        String query = "UPDATE accounts SET status = '" + status + "' WHERE id = " + request.getParameter("id"); // hookagent-expect: CWE-89
        try (Connection conn = connect(); Statement stmt = conn.createStatement()) {
            stmt.executeUpdate(query);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String name = request.getParameter("name");
        response.getWriter().println("<p>Saved " + request.getParameter("name") + "</p>"); // hookagent-expect: CWE-79
        Cookie c = new Cookie("last", name);
        c.setSecure(false); // hookagent-expect: CWE-614
        response.addCookie(c);
    }

    protected void download(HttpServletRequest request, HttpServletResponse response) throws IOException {
        File f = new File("/srv/reports/" + request.getParameter("report")); // hookagent-expect: CWE-22
        try (InputStream in = new FileInputStream(f)) {
            in.transferTo(response.getOutputStream());
        }
    }

    protected void restore(HttpServletRequest request) throws IOException, ClassNotFoundException {
        ObjectInputStream ois = new ObjectInputStream(request.getInputStream()); // hookagent-expect: CWE-502
        Object state = ois.readObject();
        request.getSession().setAttribute("state", state);
    }

    protected String fetchPreview(HttpServletRequest request) throws IOException {
        URL url = new URL(request.getParameter("url")); // hookagent-expect: CWE-918
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        try (InputStream in = conn.getInputStream()) {
            return new String(in.readNBytes(4096));
        }
    }

    protected String ping(HttpServletRequest request) throws IOException {
        String host = request.getParameter("host");
        Process p = Runtime.getRuntime().exec("ping -c 1 " + host); // hookagent-expect: CWE-78
        return new String(p.getInputStream().readAllBytes());
    }

    protected String pingSafe(HttpServletRequest request) throws IOException {
        String host = request.getParameter("host");
        if (!host.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("bad host");
        }
        Process p = new ProcessBuilder("ping", "-c", "1", host).start();
        return new String(p.getInputStream().readAllBytes());
    }

    protected String findUser(HttpServletRequest request, InputStream usersXml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance(); // hookagent-expect: CWE-611
        DocumentBuilder db = dbf.newDocumentBuilder();
        Document doc = db.parse(usersXml);
        XPath xpath = XPathFactory.newInstance().newXPath();
        String expr = "/users/user[@name='" + request.getParameter("name") + "']/email"; // hookagent-expect: CWE-643
        return xpath.evaluate(expr, doc);
    }

    protected Document parseSafe(InputStream xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setXIncludeAware(false);
        return dbf.newDocumentBuilder().parse(xml);
    }
}
