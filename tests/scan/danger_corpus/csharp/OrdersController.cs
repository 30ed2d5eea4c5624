using System;
using System.Data.SqlClient;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.Serialization.Formatters.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using System.Xml;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json;

namespace Shop.Web.Controllers
{
    [ApiController]
    [Route("api/[controller]")]
    public class OrdersController : ControllerBase
    {
        private const string ConnectionString = "Server=db;Database=shop;User Id=shop;Password={{rand:12:A-Za-z0-9}};"; // hookagent-expect: CWE-798
        private static readonly HttpClient Http = new HttpClient();
        private readonly ShopContext _db;

        public OrdersController(ShopContext db)
        {
            _db = db;
        }

        [HttpGet("search")]
        public IActionResult Search(string customer)
        {
            using var conn = new SqlConnection(ConnectionString);
            conn.Open();
            var cmd = new SqlCommand("SELECT * FROM Orders WHERE Customer = '" + customer + "'", conn); // hookagent-expect: CWE-89
            using var reader = cmd.ExecuteReader();
            return Ok(reader.HasRows);
        }

        [HttpGet("search-safe")]
        public IActionResult SearchSafe(string customer)
        {
            using var conn = new SqlConnection(ConnectionString);
            conn.Open();
            var cmd = new SqlCommand("SELECT * FROM Orders WHERE Customer = @customer", conn);
            cmd.Parameters.AddWithValue("@customer", customer);
            using var reader = cmd.ExecuteReader();
            return Ok(reader.HasRows);
        }

        [HttpGet("by-status")]
        public IActionResult ByStatus(string status)
        {
            var orders = _db.Orders.FromSqlRaw($"SELECT * FROM Orders WHERE Status = '{status}'").ToList(); // hookagent-expect: CWE-89
            return Ok(orders);
        }

        [HttpGet("by-status-safe")]
        public IActionResult ByStatusSafe(string status)
        {
            var orders = _db.Orders.FromSqlInterpolated($"SELECT * FROM Orders WHERE Status = {status}").ToList();
            return Ok(orders);
        }

        [HttpDelete("{id}")]
        public IActionResult Delete(string id)
        {
            using var conn = new SqlConnection(ConnectionString);
            conn.Open();
            string sql = "DELETE FROM Orders WHERE Id = " + id; // hookagent-expect: CWE-89
            using var cmd = new SqlCommand(sql, conn);
            cmd.ExecuteNonQuery();
            return NoContent();
        }

        [HttpPost("label")]
        public IActionResult PrintLabel(string orderId)
        {
            var psi = new ProcessStartInfo("cmd.exe", "/c print-label.bat " + orderId); // hookagent-expect: CWE-78
            Process.Start(psi);
            return Ok();
        }

        [HttpPost("label-safe")]
        public IActionResult PrintLabelSafe(int orderId)
        {
            var psi = new ProcessStartInfo { FileName = "print-label.exe", UseShellExecute = false };
            psi.ArgumentList.Add(orderId.ToString());
            Process.Start(psi);
            return Ok();
        }

        [HttpPost("archive")]
        public IActionResult Archive(string folder)
        {
            Process.Start("tar", "-czf archive.tgz " + folder); // hookagent-expect: CWE-78
            return Ok();
        }

        [HttpGet("invoice")]
        public IActionResult Invoice(string file)
        {
            var bytes = System.IO.File.ReadAllBytes(Path.Combine("/srv/invoices", file)); // hookagent-expect: CWE-22
            return File(bytes, "application/pdf");
        }

        [HttpGet("preview")]
        public async Task<IActionResult> Preview(string url)
        {
            var body = await Http.GetStringAsync(url); // hookagent-expect: CWE-918
            return Content(body);
        }

        [HttpPost("import")]
        public IActionResult Import()
        {
            var formatter = new BinaryFormatter(); // hookagent-expect: CWE-502
            var obj = formatter.Deserialize(Request.Body);
            return Ok(obj);
        }

        [HttpPost("import-json")]
        public IActionResult ImportJson(string json)
        {
            var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All }; // hookagent-expect: CWE-502
            return Ok(JsonConvert.DeserializeObject(json, settings));
        }

        [HttpPost("import-xml")]
        public IActionResult ImportXml(string xml)
        {
            var doc = new XmlDocument();
            doc.XmlResolver = new XmlUrlResolver(); // hookagent-expect: CWE-611
            doc.LoadXml(xml);
            var node = doc.SelectSingleNode("/orders/order[@id='" + Request.Query["id"] + "']"); // hookagent-expect: CWE-643
            return Ok(node?.InnerText);
        }

        [HttpGet("go")]
        public IActionResult Go(string returnUrl)
        {
            return Redirect(returnUrl); // hookagent-expect: CWE-601
        }

        [HttpGet("go-safe")]
        public IActionResult GoSafe(string returnUrl)
        {
            return Url.IsLocalUrl(returnUrl) ? Redirect(returnUrl) : Redirect("/");
        }
    }
}
