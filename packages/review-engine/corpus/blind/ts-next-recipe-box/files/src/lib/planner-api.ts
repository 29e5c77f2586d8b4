const PLANNER_URL = 'https://api.mealplanner.partner.io/v2';

export async function fetchWeekPlan(householdId: string) {
  const res = await fetch(`${PLANNER_URL}/households/${householdId}/week`, {
    headers: {
      Authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVjaXBlYm94IiwiYXVkIjoibWVhbHBsYW5uZXIiLCJzY29wZSI6InBsYW5zOnJlYWQgcGxhbnM6d3JpdGUiLCJpYXQiOjE3MzA0MTkyMDAsImV4cCI6MTg5MzQ1NjAwMH0.n5Kfk74s8dQIJ-XWKviYMPwQ5KJc-t0A8Y6RJBU_ZdQ',
      Accept: 'application/json',
    },
  });
  const data = await res.json();
  console.log('week plan', data);
  return data;
}
