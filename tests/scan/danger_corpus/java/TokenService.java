package com.example.shop.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

public final class TokenService {
    private static final SecureRandom SECURE = new SecureRandom();
    private final Random random = new Random(); // hookagent-expect: CWE-330

    public String resetCode() {
        int code = random.nextInt(1000000);
        return String.format("%06d", code);
    }

    public String sessionToken() {
        byte[] bytes = new byte[32];
        new Random().nextBytes(bytes); // hookagent-expect: CWE-338
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    public String sessionTokenSafe() {
        byte[] bytes = new byte[32];
        SECURE.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public long nonce() {
        return ThreadLocalRandom.current().nextLong(); // hookagent-expect: CWE-338
    }

    public double sampleRate() {
        return Math.random(); // hookagent-expect: CWE-330
    }

    public static String hashPassword(String password) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("MD5"); // hookagent-expect: CWE-328
        byte[] digest = md.digest(password.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(digest);
    }

    public static byte[] fingerprint(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    public static byte[] encryptLegacy(byte[] key, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("DES/ECB/PKCS5Padding"); // hookagent-expect: CWE-327
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
        return cipher.doFinal(data);
    }

    public static byte[] encryptDefault(byte[] key, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("AES"); // hookagent-expect: CWE-327
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return cipher.doFinal(data);
    }

    public static byte[] encrypt(byte[] key, byte[] iv, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        return cipher.doFinal(data);
    }

    public static void trustEverything() throws Exception {
        TrustManager[] trustAll = new TrustManager[] {
            new X509TrustManager() {
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
                public void checkClientTrusted(X509Certificate[] certs, String authType) { }
                public void checkServerTrusted(X509Certificate[] certs, String authType) { } // hookagent-expect: CWE-295
            }
        };
        SSLContext sc = SSLContext.getInstance("TLS");
        sc.init(null, trustAll, new SecureRandom());
        HttpsURLConnection.setDefaultSSLSocketFactory(sc.getSocketFactory());
        HostnameVerifier any = (hostname, session) -> true; // hookagent-expect: CWE-297
        HttpsURLConnection.setDefaultHostnameVerifier(any);
    }

    public static SSLContext legacyContext() throws Exception {
        return SSLContext.getInstance("SSLv3"); // hookagent-expect: CWE-327
    }
}
