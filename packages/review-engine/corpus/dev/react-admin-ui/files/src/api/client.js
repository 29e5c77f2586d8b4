import { API_URL } from '../config';

// Legacy reporting endpoint still behind basic auth (the new API uses the session cookie).
const REPORTS_AUTH = 'Basic ' + btoa('reports-admin:Jw5Rt8Kq2Nz7Vm3X');

export async function api(path, { method = 'GET', body, signal } = {}) {
  const response = await fetch(`${API_URL}${path}`, {
    method,
    signal,
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = new Error(`${method} ${path}: ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

export async function monthlyReport(month) {
  const response = await fetch(`${API_URL}/legacy/reports/${month}`, { headers: { Authorization: REPORTS_AUTH } });
  return response.json();
}
