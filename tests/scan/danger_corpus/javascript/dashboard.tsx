// Dashboard page: ordinary application code with no marked lines (false-positive check).
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';

type Order = { id: string; customer: string; total: number; status: 'open' | 'paid' | 'shipped' };

const API = '/api/orders';
const STATUS_LABELS: Record<Order['status'], string> = { open: 'Open', paid: 'Paid', shipped: 'Shipped' };

function formatMoney(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
}

function debounce<T extends (...args: any[]) => void>(fn: T, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: Parameters<T>) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function retryDelay(attempt: number): number {
  const base = Math.min(10_000, 250 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

async function fetchOrders(query: string, signal: AbortSignal): Promise<Order[]> {
  const params = new URLSearchParams({ q: query, limit: '50' });
  for (let attempt = 0; attempt < 4; attempt++) {
    const res = await fetch(`${API}?${params}`, { signal, credentials: 'same-origin' });
    if (res.ok) return (await res.json()) as Order[];
    if (res.status < 500) throw new Error(`request failed: ${res.status}`);
    await new Promise((r) => setTimeout(r, retryDelay(attempt)));
  }
  throw new Error('orders service unavailable');
}

export function OrderRow({ order, onSelect }: { order: Order; onSelect: (id: string) => void }) {
  return (
    <tr onClick={() => onSelect(order.id)} className={`status-${order.status}`}>
      <td>{order.id}</td>
      <td>{order.customer}</td>
      <td className="num">{formatMoney(order.total)}</td>
      <td>{STATUS_LABELS[order.status]}</td>
    </tr>
  );
}

export default function Dashboard() {
  const [query, setQuery] = useState('');
  const [orders, setOrders] = useState<Order[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const chartRef = useRef<HTMLDivElement>(null);

  const load = useMemo(
    () =>
      debounce((q: string) => {
        const ctrl = new AbortController();
        fetchOrders(q, ctrl.signal).then(setOrders).catch((e) => setError(String(e)));
      }, 300),
    [],
  );

  useEffect(() => load(query), [query, load]);

  useEffect(() => {
    if (!chartRef.current) return;
    chartRef.current.innerHTML = '';
    const total = orders.reduce((sum, o) => sum + o.total, 0);
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.style.width = `${Math.min(100, total / 1000)}%`;
    bar.textContent = formatMoney(total);
    chartRef.current.appendChild(bar);
  }, [orders]);

  const onSelect = useCallback((id: string) => setSelected(id), []);

  return (
    <main>
      <label htmlFor="order-search">Search orders</label>
      <input id="order-search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      {error && <p role="alert">{error}</p>}
      <div ref={chartRef} className="chart" />
      <table>
        <tbody>
          {orders.map((o) => (
            <OrderRow key={o.id} order={o} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
      {selected && <p>Selected order {selected}</p>}
    </main>
  );
}
