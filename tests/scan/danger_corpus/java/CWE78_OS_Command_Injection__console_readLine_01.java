/* Benchmark-style test case: one flaw per bad() method, the safe variant in good(). */
package testcases.CWE78_OS_Command_Injection;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

public class CWE78_OS_Command_Injection__console_readLine_01 {
    private static final Logger LOG = Logger.getLogger("testcases");

    public void bad() throws Throwable {
        String data = readLine();
        String osCommand;
        if (System.getProperty("os.name").toLowerCase().indexOf("win") >= 0) {
            osCommand = "c:\\WINDOWS\\SYSTEM32\\cmd.exe /c dir ";
        } else {
            osCommand = "/bin/ls ";
        }
        /* POTENTIAL FLAW: command injection */
        Process process = Runtime.getRuntime().exec(osCommand + data); // hookagent-expect: CWE-78
        process.waitFor();
    }

    public void badSql() throws Throwable {
        String data = readLine();
        Connection dbConnection = DriverManager.getConnection("jdbc:h2:mem:test");
        Statement sqlStatement = dbConnection.createStatement();
        /* POTENTIAL FLAW: data concatenated into a query */
        Boolean result = sqlStatement.execute("insert into users (status) values ('updated') where name='" + data + "'"); // hookagent-expect: CWE-89
        LOG.log(Level.INFO, "result " + result);
    }

    public void badBatch(String[] names) throws Throwable {
        Connection dbConnection = DriverManager.getConnection("jdbc:h2:mem:test");
        Statement sqlStatement = dbConnection.createStatement();
        for (int i = 0; i < names.length; i++) {
            sqlStatement.addBatch("update users set hitcount=hitcount+1 where name='" + names[i] + "'"); // hookagent-expect: CWE-89
        }
        sqlStatement.executeBatch();
    }

    public void badRandom() {
        java.util.Random rand = new java.util.Random(); // hookagent-expect: CWE-330
        int key = rand.nextInt();
        LOG.info("key " + key);
    }

    public void badPassword() throws Throwable {
        String data = "{{rand:8:a-z0-9}}"; // hookagent-expect: CWE-259
        Connection conn = DriverManager.getConnection("jdbc:h2:mem:test", "root", data);
        conn.close();
    }

    public void good() throws Throwable {
        String data = readLine();
        Connection dbConnection = DriverManager.getConnection("jdbc:h2:mem:test");
        PreparedStatement ps = dbConnection.prepareStatement("insert into users (status) values ('updated') where name=?");
        ps.setString(1, data);
        ps.execute();
        java.security.SecureRandom secureRandom = new java.security.SecureRandom();
        LOG.info("value " + secureRandom.nextInt());
    }

    private static String readLine() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        return reader.readLine();
    }
}
