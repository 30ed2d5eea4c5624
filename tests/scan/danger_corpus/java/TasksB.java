// Task-style snippets, second set (written after the rules, to measure them).
import java.io.*;
import java.sql.*;
import java.util.Random;
import javax.servlet.http.*;

public class TasksB {
    public static void main(String[] args) throws Exception {
        String username = args[0];
        String password = args[1];
        Connection conn = DriverManager.getConnection("jdbc:mysql://localhost:3306/test", "root", "{{rand:8:a-z0-9}}"); // hookagent-expect: CWE-798
        Statement stmt = conn.createStatement();
        String query = "SELECT * FROM users WHERE username='" + username + "' AND password='" + password + "'"; // hookagent-expect: CWE-89
        ResultSet rs = stmt.executeQuery(query);
        while (rs.next()) {
            System.out.println(rs.getString(1));
        }
    }

    public void readFile(String fileName) throws IOException {
        BufferedReader reader = new BufferedReader(new FileReader("/var/data/" + fileName)); // hookagent-expect: CWE-22
        System.out.println(reader.readLine());
        reader.close();
    }

    public void runCommand(String userInput) throws IOException {
        String[] cmd = {"/bin/sh", "-c", "echo " + userInput}; // hookagent-expect: CWE-78
        Runtime.getRuntime().exec(cmd);
    }

    public int lotteryNumber() {
        Random rand = new Random(); // hookagent-expect: CWE-330
        return rand.nextInt(50);
    }

    public Object deserialize(byte[] data) throws Exception {
        ByteArrayInputStream bis = new ByteArrayInputStream(data);
        ObjectInputStream ois = new ObjectInputStream(bis); // hookagent-expect: CWE-502
        return ois.readObject();
    }

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        PrintWriter out = response.getWriter();
        out.println("<html><body>Hello " + name + "</body></html>"); // hookagent-expect: CWE-79
    }

    public void logLogin(String user) {
        System.out.println("user logged in: " + user);
    }
}
