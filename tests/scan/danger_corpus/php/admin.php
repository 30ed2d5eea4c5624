<?php
// admin.php: admin tools (legacy mysql_* code kept for the old reports).
session_start();

define('ADMIN_PASS', '{{rand:10:a-z0-9}}'); // hookagent-expect: CWE-798

if ($_POST['password'] == ADMIN_PASS) {
    $_SESSION['admin'] = true;
}

function report_by_month($month) {
    $q = "SELECT * FROM orders WHERE month = " . $month; // hookagent-expect: CWE-89
    return mysql_query($q);
}

function user_list($conn) {
    $order = $_GET['order'];
    $stmt = $conn->prepare("SELECT * FROM users ORDER BY $order"); // hookagent-expect: CWE-89
    $stmt->execute();
    return $stmt->fetchAll();
}

function user_list_safe($conn) {
    $allowed = ['name', 'created'];
    $order = in_array($_GET['order'], $allowed, true) ? $_GET['order'] : 'name';
    return $conn->query('SELECT * FROM users ORDER BY ' . $order)->fetchAll();
}

function run_task($task) {
    passthru('/opt/forum/bin/task ' . $task); // hookagent-expect: CWE-78
}

function run_task_safe($task) {
    passthru('/opt/forum/bin/task ' . escapeshellarg($task));
}

function import_settings() {
    extract($_POST); // hookagent-expect: CWE-621
}

function debug_page() {
    phpinfo(); // hookagent-expect: CWE-200
}

function encrypt_legacy($data, $key) {
    return mcrypt_encrypt(MCRYPT_DES, $key, $data, MCRYPT_MODE_ECB); // hookagent-expect: CWE-327
}

function encrypt_modern($data, $key) {
    $iv = random_bytes(12);
    $tag = '';
    $ct = openssl_encrypt($data, 'aes-256-gcm', $key, OPENSSL_RAW_DATA, $iv, $tag);
    return $iv . $tag . $ct;
}

function encrypt_ecb($data, $key) {
    return openssl_encrypt($data, 'AES-128-ECB', $key); // hookagent-expect: CWE-327
}

function lottery() {
    srand(time()); // hookagent-expect: CWE-330
    return rand(1, 100); // hookagent-expect: CWE-330
}

function greet() {
    ?>
    <p>Hello <?= $_GET['user'] ?></p><!-- hookagent-expect: CWE-79 -->
    <p>Hello <?= htmlspecialchars($_GET['user'] ?? '') ?></p>
    <?php
}
