import { useEffect, useState } from 'react';
import { api } from '../api/client';

export default function Orders() {
  const [orders, setOrders] = useState([]);
  const [error, setError] = useState(null);

  useEffect(() => {
    api('/orders?status=open')
      .then((result) => {
        console.table(result.items);
        setOrders(result.items);
      })
      .catch(setError);
  }, []);

  if (error) return <p role="alert">Could not load the orders ({error.status ?? 'network'}).</p>;
  return (
    <ul>
      {orders.map((order) => (
        <li key={order.id}>
          #{order.number} — {order.berth} — {(order.totalCents / 100).toFixed(2)} €
        </li>
      ))}
    </ul>
  );
}
