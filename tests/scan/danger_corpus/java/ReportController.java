package com.example.shop.reports;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.yaml.snakeyaml.Yaml;

@RestController
public class ReportController {
    private static final byte[] REPORT_KEY = "{{rand:16:A-Za-z0-9}}".getBytes(); // hookagent-expect: CWE-321
    private final JdbcTemplate jdbc;
    private final RestTemplate rest = new RestTemplate();
    private final DirContext ldap;

    public ReportController(JdbcTemplate jdbc, DirContext ldap) {
        this.jdbc = jdbc;
        this.ldap = ldap;
    }

    @GetMapping("/reports")
    public List<Map<String, Object>> reports(@RequestParam String owner) {
        return jdbc.queryForList("SELECT * FROM reports WHERE owner = '" + owner + "'"); // hookagent-expect: CWE-89
    }

    @GetMapping("/reports/safe")
    public List<Map<String, Object>> reportsSafe(@RequestParam String owner) {
        return jdbc.queryForList("SELECT * FROM reports WHERE owner = ?", owner);
    }

    @GetMapping("/reports/sorted")
    public List<Map<String, Object>> sorted(@RequestParam String column) {
        String sql = String.format("SELECT * FROM reports ORDER BY %s", column); // hookagent-expect: CWE-89
        return jdbc.queryForList(sql);
    }

    @GetMapping("/reports/remote")
    public String remote(@RequestParam String url) {
        return rest.getForObject(url, String.class); // hookagent-expect: CWE-918
    }

    @GetMapping("/reports/file")
    public byte[] file(@RequestParam String name) throws Exception {
        Path p = Paths.get("/srv/reports", name); // hookagent-expect: CWE-22
        return Files.readAllBytes(p);
    }

    @GetMapping("/reports/render")
    public String render(@RequestParam String template) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "pandoc -f markdown " + template); // hookagent-expect: CWE-78
        return new String(pb.start().getInputStream().readAllBytes());
    }

    @GetMapping("/people")
    public Object people(@RequestParam String uid) throws Exception {
        return ldap.search("ou=people,dc=example,dc=com", "(uid=" + uid + ")", new SearchControls()); // hookagent-expect: CWE-90
    }

    @PostMapping("/reports/import")
    public Object importXml(@RequestBody String xml) throws Exception {
        XMLInputFactory xif = XMLInputFactory.newInstance(); // hookagent-expect: CWE-611
        XMLStreamReader reader = xif.createXMLStreamReader(new StringReader(xml));
        return reader.getLocalName();
    }

    @PostMapping("/reports/sax")
    public Object importSax(@RequestBody String xml) throws Exception {
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://xml.org/sax/features/external-general-entities", true); // hookagent-expect: CWE-611
        SAXParser parser = spf.newSAXParser();
        return parser;
    }

    @PostMapping("/reports/config")
    public Object config(@RequestBody String body) {
        Yaml yaml = new Yaml(); // hookagent-expect: CWE-502
        return yaml.load(body);
    }

    SecretKeySpec key() {
        return new SecretKeySpec(REPORT_KEY, "AES");
    }
}
