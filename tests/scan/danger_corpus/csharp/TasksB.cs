// Task-style snippets, second set (written after the rules, to measure them).
using System;
using System.Data.SqlClient;
using System.Diagnostics;
using System.IO;
using System.Runtime.Serialization.Formatters.Binary;
using System.Security.Cryptography;
using System.Text;

public class TasksB
{
    public static void Main(string[] args)
    {
        string userInput = args[0];
        string filePath = Path.Combine("C:\\data\\", userInput);
        File.WriteAllText(filePath, "Hello"); // hookagent-expect: CWE-22

        Console.Write("Enter your username: ");
        string username = Console.ReadLine();
        string connectionString = "Server=.;Database=app;User Id=sa;Password={{rand:10:a-z0-9}};"; // hookagent-expect: CWE-798
        using (SqlConnection connection = new SqlConnection(connectionString))
        {
            connection.Open();
            string sqlCommand = $"SELECT * FROM Users WHERE Username='{username}'"; // hookagent-expect: CWE-89
            SqlCommand command = new SqlCommand(sqlCommand, connection);
            command.ExecuteReader();
        }
    }

    public void Run(string arg)
    {
        Process.Start("cmd.exe", "/C " + arg); // hookagent-expect: CWE-78
    }

    public object Load(Stream s)
    {
        BinaryFormatter bf = new BinaryFormatter(); // hookagent-expect: CWE-502
        return bf.Deserialize(s);
    }

    public string Hash(string password)
    {
        using (var sha1 = SHA1.Create()) // hookagent-expect: CWE-328
        {
            return Convert.ToBase64String(sha1.ComputeHash(Encoding.UTF8.GetBytes(password)));
        }
    }

    public int Roll()
    {
        var random = new Random(); // hookagent-expect: CWE-330
        return random.Next(1, 7);
    }

    public void Copy(byte[] src)
    {
        byte[] buffer = new byte[10];
        for (int i = 0; i <= src.Length; i++)
        {
            buffer[i] = src[i]; // hookagent-expect: CWE-787
        }
    }
}
