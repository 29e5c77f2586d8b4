import { Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type { Construct } from 'constructs';

export interface ImagesStackProps extends StackProps {
  /** The apps whose images the task definitions run (their {{IMAGE_<APP>}} placeholders). */
  apps: readonly string[];
  imagesToKeep: number;
}

/** The repository of an app's image, as ecs/render.mjs names it. */
export const repositoryName = (app: string) => `kodus/${app}`;

/**
 * The ECR repositories, in a stack of their own: they must exist, with images pushed, before the
 * services' first deployment can start a task.
 */
export class ImagesStack extends Stack {
  readonly repositories = new Map<string, ecr.Repository>();

  constructor(scope: Construct, id: string, props: ImagesStackProps) {
    super(scope, id, props);
    Tags.of(this).add('app', 'kodus');
    for (const app of props.apps) {
      this.repositories.set(
        app,
        new ecr.Repository(this, `Repository-${app}`, {
          repositoryName: repositoryName(app),
          imageScanOnPush: true,
          // Images are tagged with their commit: a tag never moves to another image.
          imageTagMutability: ecr.TagMutability.IMMUTABLE,
          removalPolicy: RemovalPolicy.RETAIN,
          lifecycleRules: [
            { rulePriority: 1, tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
            { rulePriority: 2, tagStatus: ecr.TagStatus.ANY, maxImageCount: props.imagesToKeep },
          ],
        }),
      );
    }
  }
}
