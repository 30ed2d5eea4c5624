<?php
// account.php: profile page, avatar upload and password reset for the forum.
require_once __DIR__ . '/bootstrap.php';

$db = new mysqli('localhost', 'forum', '{{rand:10:a-z0-9}}', 'forum'); // hookagent-expect: CWE-798
$pdo = new PDO(getenv('FORUM_DSN'), getenv('FORUM_DB_USER'), getenv('FORUM_DB_PASSWORD'));

function find_user($db, $name) {
    $result = $db->query("SELECT id, email FROM users WHERE name = '$name'"); // hookagent-expect: CWE-89
    return $result->fetch_assoc();
}

function find_user_safe(PDO $pdo, $name) {
    $stmt = $pdo->prepare('SELECT id, email FROM users WHERE name = ?');
    $stmt->execute([$name]);
    return $stmt->fetch();
}

function delete_post($db) {
    $id = $_GET['id'];
    mysqli_query($db, "DELETE FROM posts WHERE id = " . $id); // hookagent-expect: CWE-89
}

function search_posts(PDO $pdo) {
    $sql = "SELECT * FROM posts WHERE title LIKE '%" . $_GET['q'] . "%'"; // hookagent-expect: CWE-89
    return $pdo->query($sql)->fetchAll();
}

if (isset($_GET['name'])) {
    echo "<h1>Profile of " . $_GET['name'] . "</h1>"; // hookagent-expect: CWE-79
    echo "<h1>Profile of " . htmlspecialchars($_GET['name'], ENT_QUOTES, 'UTF-8') . "</h1>";
}

if (isset($_GET['page'])) {
    include $_GET['page'] . '.php'; // hookagent-expect: CWE-98
}

if (isset($_GET['file'])) {
    readfile('/var/forum/attachments/' . $_GET['file']); // hookagent-expect: CWE-22
}

if (isset($_POST['host'])) {
    $out = shell_exec('ping -c 1 ' . $_POST['host']); // hookagent-expect: CWE-78
    echo htmlspecialchars($out);
    $safe = shell_exec('ping -c 1 ' . escapeshellarg($_POST['host']));
}

if (isset($_POST['archive'])) {
    system("unzip -o " . $_POST['archive'] . " -d /tmp/import"); // hookagent-expect: CWE-78
}

if (isset($_COOKIE['prefs'])) {
    $prefs = unserialize($_COOKIE['prefs']); // hookagent-expect: CWE-502
    $prefsSafe = json_decode($_COOKIE['prefs'], true);
}

if (isset($_POST['formula'])) {
    eval('$total = ' . $_POST['formula'] . ';'); // hookagent-expect: CWE-95
}

if (isset($_GET['url'])) {
    $preview = file_get_contents($_GET['url']); // hookagent-expect: CWE-918
}

if (isset($_GET['next'])) {
    header('Location: ' . $_GET['next']); // hookagent-expect: CWE-601
    exit;
}

function hash_password_legacy($password) {
    return md5($password); // hookagent-expect: CWE-328
}

function hash_password_modern($password) {
    return password_hash($password, PASSWORD_DEFAULT);
}

function reset_token() {
    return md5(uniqid(rand(), true)); // hookagent-expect: CWE-338
}

function reset_token_safe() {
    return bin2hex(random_bytes(32));
}

function captcha_code() {
    return mt_rand(1000, 9999); // hookagent-expect: CWE-338
}

function avatar_color($name) {
    return substr(md5($name), 0, 6);
}

function fetch_remote($url) {
    $ch = curl_init($url);
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false); // hookagent-expect: CWE-295
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    return curl_exec($ch);
}

function import_xml($xml) {
    $doc = new DOMDocument();
    $doc->loadXML($xml, LIBXML_NOENT | LIBXML_DTDLOAD); // hookagent-expect: CWE-611
    return $doc;
}

function find_member($doc, $name) {
    $xpath = new DOMXPath($doc);
    return $xpath->query("//member[@name='" . $name . "']"); // hookagent-expect: CWE-643
}

function save_upload() {
    $target = '/var/forum/uploads/' . $_FILES['avatar']['name'];
    move_uploaded_file($_FILES['avatar']['tmp_name'], $target); // hookagent-expect: CWE-434
    chmod($target, 0777); // hookagent-expect: CWE-732
}
