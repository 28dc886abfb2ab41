import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

@Module({
  imports: [PostsModule],
  providers: [SearchService, SearchResolver],
})
export class SearchModule {}
