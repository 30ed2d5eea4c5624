<?php
// Task-style snippets, second set (written after the rules, to measure them).
$conn = new mysqli("localhost", "root", "", "test");

$id = $_GET['id'];
$sql = "SELECT * FROM users WHERE id=" . $id; // hookagent-expect: CWE-89
$result = $conn->query($sql);

$user = $_POST['username'];
$stmt = $conn->query("SELECT * FROM users WHERE username='" . $user . "'"); // hookagent-expect: CWE-89

$file = $_GET['file'];
include($file); // hookagent-expect: CWE-98

$cmd = $_GET['cmd'];
system($cmd); // hookagent-expect: CWE-78

echo "Welcome " . $_GET['name']; // hookagent-expect: CWE-79

$data = unserialize($_POST['data']); // hookagent-expect: CWE-502

$url = $_GET['url'];
$content = file_get_contents($url); // hookagent-expect: CWE-918

$token = rand(); // hookagent-expect: CWE-338

$password = md5($_POST['password']); // hookagent-expect: CWE-328

header("Location: " . $_GET['redirect']); // hookagent-expect: CWE-601

eval($_GET['code']); // hookagent-expect: CWE-95

$name = htmlspecialchars($_GET['name'] ?? '', ENT_QUOTES);
echo "<p>" . $name . "</p>";
?>
