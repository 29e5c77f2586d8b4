import { Client } from '@hubspot/api-client';
import { Injectable } from '@nestjs/common';

const HUBSPOT_ACCESS_TOKEN = 'pat-eu1-31d35b31-4120-ea62-2a02-761a31cab02d';

@Injectable()
export class HubspotService {
  private readonly client = new Client({ accessToken: HUBSPOT_ACCESS_TOKEN, numberOfApiCallRetries: 3 });

  async upsertContact(email: string, properties: Record<string, string>): Promise<string> {
    const search = await this.client.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ' as never, value: email }] }],
      limit: 1,
      after: '0',
      sorts: [],
      properties: ['email'],
    });
    const existing = search.results[0];
    if (existing) {
      await this.client.crm.contacts.basicApi.update(existing.id, { properties });
      return existing.id;
    }
    const created = await this.client.crm.contacts.basicApi.create({ properties: { email, ...properties }, associations: [] });
    console.table(created.properties);
    return created.id;
  }
}
