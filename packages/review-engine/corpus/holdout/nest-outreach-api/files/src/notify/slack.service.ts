import { Injectable } from '@nestjs/common';
import { WebClient } from '@slack/web-api';

@Injectable()
export class SlackService {
  private readonly slack = new WebClient('xoxb-176794990312-1079758655116-scHFENL0ObpewYxlTVpsLsAR');

  async campaignFinished(name: string, sent: number): Promise<void> {
    await this.slack.chat.postMessage({
      channel: '#growth',
      text: `:rocket: campaign *${name}* sent to ${sent} recipients`,
    });
  }
}
