import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { PAGE_SIZE } from '../config';

export default function Users() {
  const [users, setUsers] = useState([]);
  const [page, setPage] = useState(0);
  const [query, setQuery] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    api(`/users?offset=${page * PAGE_SIZE}&limit=${PAGE_SIZE}&q=${encodeURIComponent(query)}`, {
      signal: controller.signal,
    })
      .then((result) => {
        console.log('users page', page, result);
        setUsers(result.items);
      })
      .catch(() => setUsers([]));
    return () => controller.abort();
  }, [page, query]);

  async function deactivate(user) {
    debugger;
    await api(`/users/${user.id}/deactivate`, { method: 'POST' });
    setUsers((current) => current.map((u) => (u.id === user.id ? { ...u, active: false } : u)));
  }

  return (
    <section>
      <h1>Users</h1>
      <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search by name or email" />
      <table>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{user.active ? <button onClick={() => deactivate(user)}>Deactivate</button> : 'inactive'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
      <button onClick={() => setPage(page + 1)}>Next</button>
    </section>
  );
}
