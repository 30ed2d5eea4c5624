/* Benchmark-style test case: the flaw in Bad(), the fixed form in Good(). */
using System;
using System.Data.SqlClient;
using System.Diagnostics;
using System.DirectoryServices;
using System.Net;
using System.Web;

namespace testcases.CWE89_SQL_Injection
{
    class CWE89_SQL_Injection__Environment_ExecuteNonQuery_01
    {
        public void Bad(SqlConnection dbConnection)
        {
            string data = Environment.GetEnvironmentVariable("ADD");
            using (SqlCommand badSqlCommand = new SqlCommand(null, dbConnection))
            {
                /* POTENTIAL FLAW: data concatenated into the command text */
                badSqlCommand.CommandText = "insert into users (status) values ('updated') where name='" + data + "'"; // hookagent-expect: CWE-89
                int result = badSqlCommand.ExecuteNonQuery();
                Console.WriteLine("rows: " + result);
            }
        }

        public void BadCommand()
        {
            string data = Environment.GetEnvironmentVariable("ADD");
            Process process = new Process();
            process.StartInfo.FileName = "cmd.exe";
            process.StartInfo.Arguments = "/c dir " + data; // hookagent-expect: CWE-78
            process.Start();
            process.WaitForExit();
        }

        public void BadLdap(string name)
        {
            using (DirectoryEntry de = new DirectoryEntry())
            {
                DirectorySearcher search = new DirectorySearcher(de);
                search.Filter = "(&(objectClass=user)(employeename=" + name + "))"; // hookagent-expect: CWE-90
                search.FindAll();
            }
        }

        public void BadPassword()
        {
            string data = "{{rand:8:a-z0-9}}"; // hookagent-expect: CWE-259
            NetworkCredential credentials = new NetworkCredential("user", data, "domain");
            Console.WriteLine(credentials.Domain);
        }

        public void BadCredential()
        {
            var credentials = new NetworkCredential("svc_backup", "{{rand:10:a-z0-9}}", "CORP"); // hookagent-expect: CWE-798
            Console.WriteLine(credentials.UserName);
        }

        public void BadRandom()
        {
            Random r = new Random(); // hookagent-expect: CWE-330
            Console.WriteLine(r.Next());
        }

        public void Good(SqlConnection dbConnection)
        {
            string data = Environment.GetEnvironmentVariable("ADD");
            using (SqlCommand goodSqlCommand = new SqlCommand(null, dbConnection))
            {
                goodSqlCommand.CommandText = "insert into users (status) values ('updated') where name=@name";
                goodSqlCommand.Parameters.AddWithValue("@name", data);
                goodSqlCommand.ExecuteNonQuery();
            }
            Console.WriteLine(HttpUtility.HtmlEncode(data));
        }
    }
}
