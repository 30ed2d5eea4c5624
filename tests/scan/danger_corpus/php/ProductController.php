<?php
// ProductController: ordinary application code with no marked lines (false-positive check).
declare(strict_types=1);

namespace App\Http\Controllers;

use App\Models\Product;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Log;
use Illuminate\Support\Str;

final class ProductController extends Controller
{
    private const SORTABLE = ['name', 'price', 'created_at'];

    public function index(Request $request): JsonResponse
    {
        $sort = in_array($request->query('sort'), self::SORTABLE, true) ? $request->query('sort') : 'name';
        $products = Product::query()
            ->where('active', true)
            ->when($request->filled('q'), fn ($q) => $q->where('name', 'like', '%' . $request->query('q') . '%'))
            ->orderBy($sort)
            ->paginate(25);
        Log::info('Selected products from the catalog', ['count' => $products->count()]);
        return response()->json($products);
    }

    public function show(int $id): JsonResponse
    {
        return response()->json(Product::findOrFail($id));
    }

    public function store(Request $request): JsonResponse
    {
        $data = $request->validate([
            'name' => 'required|string|max:200',
            'price' => 'required|integer|min:0',
        ]);
        $product = Product::create($data + ['slug' => Str::slug($data['name']), 'token' => bin2hex(random_bytes(16))]);
        return response()->json($product, 201);
    }

    public function stats(): JsonResponse
    {
        $rows = DB::select('SELECT category_id, COUNT(*) AS n FROM products WHERE active = ? GROUP BY category_id', [1]);
        return response()->json($rows);
    }

    public function image(Request $request)
    {
        $name = basename((string) $request->query('file'));
        $path = storage_path('app/images/' . $name);
        abort_unless(is_file($path), 404);
        return response()->file($path);
    }

    public function label(Product $product): string
    {
        return '<span class="label">' . htmlspecialchars($product->name, ENT_QUOTES, 'UTF-8') . '</span>';
    }

    public function cacheKey(Request $request): string
    {
        return 'products:' . sha1($request->fullUrl());
    }
}
