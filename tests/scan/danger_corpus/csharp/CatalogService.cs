// Catalog service: ordinary application code with no marked lines (false-positive check).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Shop.Catalog
{
    public sealed class CatalogOptions
    {
        public string ImageRoot { get; set; } = "/srv/images";
        public Uri SupplierApi { get; set; } = new Uri("https://supplier.example.com/v1/");
        public int PageSize { get; set; } = 100;
    }

    public sealed class CatalogService
    {
        private readonly ShopContext _db;
        private readonly HttpClient _http;
        private readonly ILogger<CatalogService> _log;
        private readonly CatalogOptions _options;

        public CatalogService(ShopContext db, HttpClient http, ILogger<CatalogService> log, IOptions<CatalogOptions> options)
        {
            _db = db;
            _http = http;
            _log = log;
            _options = options.Value;
            _http.BaseAddress = _options.SupplierApi;
        }

        public async Task<IReadOnlyList<Product>> SearchAsync(string term, int page, CancellationToken ct)
        {
            var query = _db.Products.AsNoTracking()
                .Where(p => EF.Functions.Like(p.Name, $"%{term}%"))
                .OrderBy(p => p.Name)
                .Skip(page * _options.PageSize)
                .Take(_options.PageSize);
            var result = await query.ToListAsync(ct);
            _log.LogInformation("Selected {Count} products from the catalog for '{Term}'", result.Count, term);
            return result;
        }

        public async Task<int> RecountAsync(int categoryId, CancellationToken ct)
        {
            return await _db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE Categories SET ProductCount = (SELECT COUNT(*) FROM Products WHERE CategoryId = {categoryId}) WHERE Id = {categoryId}", ct);
        }

        public async Task SyncFromSupplierAsync(CancellationToken ct)
        {
            var page = 0;
            while (true)
            {
                var items = await _http.GetFromJsonAsync<List<SupplierItem>>($"items?page={page}", ct) ?? new List<SupplierItem>();
                if (items.Count == 0) break;
                foreach (var item in items)
                {
                    var product = await _db.Products.SingleOrDefaultAsync(p => p.Sku == item.Sku, ct);
                    if (product == null)
                    {
                        product = new Product { Sku = item.Sku };
                        _db.Products.Add(product);
                    }
                    product.Name = item.Name;
                    product.Price = item.Price;
                }
                await _db.SaveChangesAsync(ct);
                page++;
            }
        }

        public string ImagePath(string sku)
        {
            var fileName = Path.GetFileName(sku) + ".webp";
            var full = Path.GetFullPath(Path.Combine(_options.ImageRoot, fileName));
            if (!full.StartsWith(_options.ImageRoot, StringComparison.Ordinal))
                throw new ArgumentException("bad sku", nameof(sku));
            return full;
        }

        public static string NewApiKey()
        {
            return Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        public static string Etag(byte[] body)
        {
            return Convert.ToHexString(SHA256.HashData(body));
        }

        public static int ShuffleSeedForDemo(IList<string> names)
        {
            var rng = new Random(42);
            return names.Count == 0 ? 0 : rng.Next(names.Count);
        }
    }
}
