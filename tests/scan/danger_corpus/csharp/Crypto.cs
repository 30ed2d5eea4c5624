using System;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace Shop.Security
{
    public static class Crypto
    {
        private static readonly Random Rng = new Random(); // hookagent-expect: CWE-330

        public static string NewResetCode()
        {
            return Rng.Next(100000, 999999).ToString(); // hookagent-expect: CWE-338
        }

        public static string NewToken()
        {
            var bytes = new byte[32];
            new Random().NextBytes(bytes); // hookagent-expect: CWE-338
            return Convert.ToBase64String(bytes);
        }

        public static string NewTokenSafe()
        {
            return Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        public static string HashPassword(string password)
        {
            using var md5 = MD5.Create(); // hookagent-expect: CWE-328
            return Convert.ToHexString(md5.ComputeHash(Encoding.UTF8.GetBytes(password)));
        }

        public static string HashPasswordSha1(string password)
        {
            using var sha = new SHA1CryptoServiceProvider(); // hookagent-expect: CWE-328
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(password)));
        }

        public static byte[] HashPasswordSafe(string password, byte[] salt)
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600000, HashAlgorithmName.SHA256, 32);
        }

        public static byte[] EncryptLegacy(byte[] key, byte[] data)
        {
            using var des = DES.Create(); // hookagent-expect: CWE-327
            des.Key = key;
            des.Mode = CipherMode.ECB; // hookagent-expect: CWE-327
            return des.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
        }

        public static byte[] Encrypt(byte[] key, byte[] nonce, byte[] data, byte[] tag)
        {
            using var aes = new AesGcm(key, 16);
            var output = new byte[data.Length];
            aes.Encrypt(nonce, data, output, tag);
            return output;
        }

        public static HttpClient InsecureClient()
        {
            var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (msg, cert, chain, errors) => true // hookagent-expect: CWE-295
            };
            return new HttpClient(handler);
        }

        public static void TrustAll()
        {
            ServicePointManager.ServerCertificateValidationCallback = delegate { return true; }; // hookagent-expect: CWE-295
        }
    }
}
