import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import Users from '../pages/Users';

vi.mock('../api/client', () => ({
  api: vi.fn(async () => ({ items: [{ id: 1, name: 'Maren Holt', email: 'maren@harborline.example', active: true }] })),
}));

describe('Users', () => {
  it('lists the users of the first page', async () => {
    render(<Users />);
    await waitFor(() => expect(screen.getByText('Maren Holt')).toBeTruthy());
    screen.debug();
    expect(screen.getByText('Deactivate')).toBeTruthy();
  });
});
