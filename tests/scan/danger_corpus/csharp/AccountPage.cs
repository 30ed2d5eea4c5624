using System;
using System.Data.SqlClient;
using System.IO;
using System.Web;
using System.Web.UI;
using System.Xml;
using System.Xml.XPath;
using Microsoft.AspNetCore.Mvc;

namespace Shop.Legacy
{
    public class AccountPage : Page
    {
        protected void Page_Load(object sender, EventArgs e)
        {
            string name = Request.QueryString["name"];
            Response.Write("<h1>Welcome " + name + "</h1>"); // hookagent-expect: CWE-79
            Response.Write("<h1>Welcome " + HttpUtility.HtmlEncode(name) + "</h1>");
        }

        protected string LoadProfile(string xml)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse }; // hookagent-expect: CWE-611
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            var doc = new XPathDocument(reader);
            var nav = doc.CreateNavigator();
            return nav.Evaluate("string(/profile/user[name='" + Request.QueryString["user"] + "']/email)") as string; // hookagent-expect: CWE-643
        }

        protected string LoadProfileSafe(string xml)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return new XPathDocument(reader).CreateNavigator().Evaluate("string(/profile/email)") as string;
        }

        protected int CountOrders(SqlConnection conn, string customer)
        {
            var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM Orders WHERE Customer = '{customer}'"; // hookagent-expect: CWE-89
            return (int)cmd.ExecuteScalar();
        }

        protected void SaveUpload(HttpPostedFile upload)
        {
            upload.SaveAs(Server.MapPath("~/uploads/") + upload.FileName); // hookagent-expect: CWE-22
        }
    }

    public class ProfileController : Controller
    {
        [HttpPost]
        [IgnoreAntiforgeryToken] // hookagent-expect: CWE-352
        public IActionResult ChangeEmail(string email)
        {
            return Ok(email);
        }

        [HttpPost]
        [ValidateAntiForgeryToken]
        public IActionResult ChangeName(string name)
        {
            return Ok(name);
        }
    }
}
