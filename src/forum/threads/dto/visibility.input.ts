import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Sector, VisibilityScope } from '../../../access/roles';

@InputType({ description: 'Who may see a new thread.' })
export class VisibilityInput {
  @Field(() => VisibilityScope, { description: 'PUBLIC, MEMBERS or SECTORS.' })
  scope: VisibilityScope;

  @Field(() => [Sector], { nullable: true, description: 'Required (at least one) for SECTORS, must be empty otherwise (`BAD_USER_INPUT`). A member may list only their own sector (`FORBIDDEN` otherwise); MODERATOR and ADMIN may list any.' })
  @IsOptional()
  @ArrayMaxSize(5)
  sectors?: Sector[] | null;
}
